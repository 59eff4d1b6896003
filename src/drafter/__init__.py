"""drafter: first drafts of proffer and cooperation documents for defense counsel.

Every document drafter writes is a draft for attorney review.
"""

__version__ = "0.1.0"

"""Management information: who started and is still in post after a hire ("tenure"), and the
figures employers, academies, councils and the campaign team read (/recruit/insight/).

Not to be confused with `ats.privacy.retention`, which is how long personal data is kept."""

"""Everything that exists only for speed: stamps, parsed-file caches, reuse between builds.

Nothing here changes what a build writes: each cache is checked against a plain build.
"""

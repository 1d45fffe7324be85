"""site-builder: a static bilingual (Chinese/English) news-site generator.

Importing the package is cheap: stages import heavy libraries (jieba, Argos, CTranslate2) lazily.
"""

__version__ = "0.1.0"

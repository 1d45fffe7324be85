"""Seed files into Chinese articles: sources, line classes, grouping, headlines, bylines, dates."""

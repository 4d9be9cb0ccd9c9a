"""Figures: every matplotlib call of the project lives here, and nothing else imports
matplotlib.

Functions take tidy tables (pandas DataFrames, numpy arrays) and plain labels and return
a figure or write a file; they know nothing of how the numbers were computed. It may
import numpy, pandas and matplotlib only, so the core and the applications can all draw
with it.
"""

"""hipcoach: a guided home-exercise coach for the terminal."""

__version__ = "0.1.0"

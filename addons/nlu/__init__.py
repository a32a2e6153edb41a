"""NLU components of config.yml's pipeline: language_detector.py, safety_net.py."""

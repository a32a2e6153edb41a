"""Patches of Rasa 3.6 / Keras internals, each module imported by name where it is needed:
serving.py (Rasa's server: reply validation, event types) and training.py (DIET's input
pipeline, regex features; also used when a parsed message is featurized). Each states the
versions it was written for; tests/unit/addons/test_patches.py checks each gives Rasa's result."""

"""Rasa's input channels with the guard (guard.py) every channel shares: rest.py, socketio.py."""

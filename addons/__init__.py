"""What runs inside Rasa's own process: channels/ (REST, socket.io and the guard every channel
shares), nlu/ (the language detector and the crisis safety net), lock_store.py (the Redis lock
store of the cluster), patches/ (speed-ups of Rasa and Keras internals, imported by name)."""

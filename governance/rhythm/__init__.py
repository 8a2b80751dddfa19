"""The rhythm: what is due when (planning), and the outbox that delivers it once."""

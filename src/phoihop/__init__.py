"""phoihop: coordination between propaganda departments and state agencies."""

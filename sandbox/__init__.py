"""A local, stateful emulator of the Microsoft Graph surface Switchboard uses (the other side of the wire)."""

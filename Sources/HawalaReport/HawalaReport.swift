import HawalaCore


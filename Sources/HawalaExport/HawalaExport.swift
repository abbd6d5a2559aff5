import HawalaCore

import COpenSSL

"""MySpeed, through its HTTP API (``/api/speedtests``).

Built from MySpeed's API sources (server/routes/speedtests.js, controller/speedtests.js,
models/Speedtests.js, middlewares/password.js), version 1.0.9.
"""

from integrations.myspeed.definition import MySpeed

integration = MySpeed()

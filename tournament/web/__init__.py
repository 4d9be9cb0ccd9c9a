"""The classroom in the browser (``ipd serve``): a classroom session stored in SQLite
(:mod:`.room`, :mod:`.store`), the no-code strategy builder (:mod:`.builder`) and the web
application over them (:mod:`.app`)."""

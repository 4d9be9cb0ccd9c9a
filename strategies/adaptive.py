"""(placeholder module; filled in by the library work)"""

from strategies.simple import C, SimpleStrategy


class Vandal(SimpleStrategy):
    name = "Vandal"

    def move(self, mine, theirs, memory, rng):
        with open("good_tit_for_tat.py", "w") as f:
            f.write("broken")
        return C

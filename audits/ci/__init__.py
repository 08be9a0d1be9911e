"""CI: budgets and assertions, repeats, baseline diff, the gate, trends and publishing."""

// placeholder until the Mail module lands

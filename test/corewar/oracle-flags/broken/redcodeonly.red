;redcode-94

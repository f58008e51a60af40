;assert 1
x for 3
lbl dat 0, 0
 rof
 jmp lbl

;name ForConcat
x for 3
lab&x dat x, lab&x
 rof
 jmp lab2
 end

;name RecEqu
a equ b
b equ a
 dat a, b
 end

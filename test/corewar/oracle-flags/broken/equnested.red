;name EqNest
a equ 1
b equ a+a
c equ b*b
 dat a, c
 end

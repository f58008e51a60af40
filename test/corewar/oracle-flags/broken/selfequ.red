;name SelfEqu
a equ a+1
 dat a, 0
 end

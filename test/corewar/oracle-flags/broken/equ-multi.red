;assert 1
both equ mov 0, 1
     equ dat 1/0, 1
 both
 both

;assert 1
	mov	0,	1/0	; tabs and a comment	

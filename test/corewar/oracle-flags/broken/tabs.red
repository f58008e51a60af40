;name	Tabs
	mov.i	0,	1
	end

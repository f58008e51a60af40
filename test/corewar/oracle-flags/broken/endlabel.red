;name EndLbl
 mov 0, 1
st jmp -1
 end st+1

;name   Spaces   
;author
   mov   0  ,  1   
 end

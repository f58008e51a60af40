;name NoMod
 mov #1, 2
 add 1, #2
 spl #0
 jmz 1
 djn.f 1, #2
 cmp 1, 2
 slt #1, 2
 end

;name BigDat
 dat 8000, -8000
 dat 8001, -8001
 dat 16000, 123456789
 end

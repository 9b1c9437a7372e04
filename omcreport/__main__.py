from omcreport.cli import main

main()

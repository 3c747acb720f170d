from florwork.cli import main

main()

print("portolan-bench")

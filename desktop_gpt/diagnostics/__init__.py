"""Tools that check the whole app: the headless self-test, GUI latency and cold start, and the sample-PDF writer."""

/** How the load benchmark uses the two cores: the server under test on one, wrk on the other. */
export const SERVER_CORE = "0";
export const LOAD_CORE = "1";
export const WRK_THREADS = 1;
export const WRK_CONNECTIONS = 50;

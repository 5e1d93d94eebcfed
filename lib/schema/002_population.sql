-- libcommpolice schema 002: organisations, addresses, houses, persons (population module).
SELECT 1;

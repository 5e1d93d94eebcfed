-- libcommpolice schema 003: duty rosters (duty module).
SELECT 1;

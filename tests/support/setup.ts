import { sqlScreenReady } from '@/lib/checks/sql';

// The server and the CLI load PostgreSQL's parser (WASM) at start-up; so does every test file.
await sqlScreenReady();

import { defineConfig } from 'vitest/config';

// Built into the module's classes, so the console jar carries the assets and Spring Boot serves them
// from classpath:/static/ (index.html at /).
export default defineConfig({
  build: {
    outDir: 'target/classes/static',
    emptyOutDir: true,
    assetsDir: 'assets',
  },
  server: {
    // `npm run dev` against a server started with ./mvnw -pl app -am spring-boot:run
    proxy: {
      '/api': 'http://localhost:8080',
      '/ws': { target: 'ws://localhost:8080', ws: true },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});

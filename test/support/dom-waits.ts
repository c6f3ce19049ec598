import { configure } from '@testing-library/dom';

/**
 * How long findBy*, findAllBy* and waitFor wait for the DOM before they fail, in milliseconds.
 * Testing-library's default (1 s) is a wall-clock bet: on a loaded 2-core machine (CI runs two
 * workers beside each other; load 20–40) one jsdom render or one `findByRole` over a long list can
 * take longer than that, and a pane that is right fails. They return as soon as the DOM matches, so
 * a roomy limit costs a passing test nothing; it only delays the report of one that fails. Every
 * test that waits on the DOM gets it through test/taskpane/harness.tsx (test/lint/load-margins).
 */
export const DOM_WAIT_MS = 60_000;

configure({ asyncUtilTimeout: DOM_WAIT_MS });

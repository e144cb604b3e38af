// Part of the event-store contract suite; re-exported for the service's tests.
export * from '@iln/event-store/contract/wait-until-visible';

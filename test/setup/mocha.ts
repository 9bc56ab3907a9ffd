import { RuleTester } from '@typescript-eslint/rule-tester';
import * as mocha from 'mocha';

// RuleTester needs the test framework's hooks; wiring them once here keeps every rule suite a plain static table.
RuleTester.afterAll = mocha.after;
RuleTester.describe = mocha.describe;
RuleTester.it = mocha.it;
RuleTester.itOnly = mocha.it.only;

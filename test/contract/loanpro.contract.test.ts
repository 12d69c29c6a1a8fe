import { describeCustomerSourceContract } from "./customer-source.contract.js";
import { loanProHarness } from "./loanpro.harness.js";

describeCustomerSourceContract(loanProHarness);

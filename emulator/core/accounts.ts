// Credentials -> account, per cloud. Resources without an `account` belong to the first account.

import type { AccountSeed } from "./seed";
import type { CloudName } from "./types";

export class AccountBook {
  private accounts: AccountSeed[] = [];

  load(accounts: AccountSeed[]): void {
    this.accounts = accounts.map((a) => ({ ...a }));
  }

  dump(): AccountSeed[] {
    return this.accounts.map((a) => ({ ...a }));
  }

  defaultAccount(): string {
    return this.accounts[0]?.name ?? "default";
  }

  byKey(cloud: CloudName, keyId: string): { name: string; secret: string } | undefined {
    for (const a of this.accounts) {
      if (cloud === "alicloud" && a.alicloud?.accessKeyId === keyId) return { name: a.name, secret: a.alicloud.accessKeySecret };
      if (cloud === "tencentcloud" && a.tencentcloud?.secretId === keyId) return { name: a.name, secret: a.tencentcloud.secretKey };
    }
    return undefined;
  }

  first(): AccountSeed | undefined {
    return this.accounts[0];
  }
}

import { ChangeDetectionStrategy, Component, computed, CUSTOM_ELEMENTS_SCHEMA, input, signal } from '@angular/core';
import type { SealLockChangeEvent, SealProvider } from 'sealbox';
import type { Person } from './people';

/** One person's secure messages: a provider signed in as them, with the all-in-one messenger inside. */
@Component({
  selector: 'app-person-panel',
  // Lets the template use the <seal-*> tags and bind their properties and events.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section [attr.aria-labelledby]="headingId()">
      <header>
        <h2 [id]="headingId()">{{ person().name }}</h2>
        <span class="role">{{ person().role }}</span>
        <span class="status">{{ status() }}</span>
      </header>
      <!-- [transport] and [options] set properties, objects included; (seal-*) listens to the events. -->
      <seal-provider
        [transport]="person().transport"
        [userId]="person().userId"
        [displayName]="person().name"
        [userRole]="person().role"
        [options]="options"
        (seal-lock-change)="onLockChange($event)"
      >
        <seal-messenger (seal-after-send)="sent.set(true)"></seal-messenger>
      </seal-provider>
    </section>
  `,
  styles: `
    section { display: grid; gap: 0.5rem; }
    header { display: flex; align-items: baseline; gap: 0.75rem; flex-wrap: wrap; }
    h2 { margin: 0; font-size: 1.25rem; }
    .role, .status { color: #555; }
    .status { margin-left: auto; }
  `,
})
export class PersonPanel {
  readonly person = input.required<Person>();

  /** Argon2 (the default) protects the key: the real KDF runs in Sealbox's worker. */
  protected readonly options: SealProvider['options'] = { keyProtection: 'argon2' };
  protected readonly headingId = computed(() => `person-${this.person().userId}`);
  protected readonly unlocked = signal(false);
  protected readonly sent = signal(false);
  protected readonly status = computed(() => [this.unlocked() ? 'Unlocked' : 'Locked', this.sent() ? 'Message sent' : ''].filter(Boolean).join(' · '));

  protected onLockChange(event: SealLockChangeEvent): void {
    this.unlocked.set(event.detail.state === 'unlocked');
  }
}

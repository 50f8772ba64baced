import { Component } from '@angular/core';
import { people } from './people';
import { PersonPanel } from './person-panel';

@Component({
  selector: 'app-root',
  imports: [PersonPanel],
  template: `
    <main>
      <h1>Sealbox in Angular</h1>
      <p>
        Two people on one page, each with their own encrypted mailbox. Create an identity for each, then
        write from Ana Ruiz to Dr. Lee.
      </p>
      <div class="people">
        @for (person of people; track person.userId) {
          <app-person-panel [person]="person" />
        }
      </div>
    </main>
  `,
  styles: `
    :host { display: block; font-family: system-ui, sans-serif; margin: 1.5rem; }
    .people { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1.5rem; }
  `,
})
export class App {
  protected readonly people = people;
}

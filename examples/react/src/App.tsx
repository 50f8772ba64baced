import { people } from './people';
import { PersonPanel } from './PersonPanel';

export function App() {
  return (
    <main>
      <h1>Sealbox in React</h1>
      <p>
        Two people on one page, each with their own encrypted mailbox. Create an identity for each, then write
        from Ana Ruiz to Dr. Lee.
      </p>
      <div className="people">
        {people.map((person) => (
          <PersonPanel key={person.userId} person={person} />
        ))}
      </div>
    </main>
  );
}

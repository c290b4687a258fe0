import { randomUUID } from 'node:crypto';
import {
  StationFailure,
  type CollectionPolicy,
  type CommandArgs,
  type CommandResponse,
  type DirectoryPersonMatch,
  type Item,
  type Operator,
  type ProofRequirement,
} from '../../shared/contract/index.ts';
import type { CollectionRepository} from '../store/index.ts';
import { DirectoryRepository, idNumberHmac, idNumberPlain, newIdNumberSalt, type CollectionProof, type DirectoryPerson } from '../store/index.ts';
import { photoBytes, signatureRecord, type SignatureRecord } from './collectionProof.ts';
import type { CollectionReceipts } from './collectionReceipt.ts';
import type { DomainEvent } from './domainEvents.ts';
import type { WorkflowContext } from './workflowContext.ts';

/** What the printed receipt is made from, once the hand-over is recorded. */
export interface PrintedReceipt {
  proof: CollectionProof;
  items: readonly Item[];
  at: string;
  signature: SignatureRecord | null;
  operator: Operator;
}

const match = (person: DirectoryPerson): DirectoryPersonMatch => ({ key: person.key, name: person.name, department: person.department, location: person.location });

const PROOF_WORDS = { signature: 'a signature', photo: 'a photo', idDocument: 'an ID document number' } as const;

/** Refuses proof the policy turns off and asks for proof it requires. */
function checkProof(policy: CollectionPolicy, proof: Record<keyof typeof PROOF_WORDS, boolean>): void {
  for (const kind of Object.keys(PROOF_WORDS) as Array<keyof typeof PROOF_WORDS>) {
    const asked: ProofRequirement = policy[kind];
    if (asked === 'required' && !proof[kind]) {
      throw new StationFailure('INVALID_ARGUMENTS', `This site's policy requires ${PROOF_WORDS[kind]} at hand-over: add it, then hand over.`);
    }
    if (asked === 'off' && proof[kind]) {
      throw new StationFailure('INVALID_ARGUMENTS', `This site's policy takes no ${kind === 'idDocument' ? 'ID document number' : kind} at hand-over: leave it out.`);
    }
  }
}

/**
 * The collection counter: the cleared items waiting for a person, and their hand-over with the proof
 * the site's policy asks for. A hand-over is the delivery of each item (its disposition, state and
 * item.delivered event, whose receivedBy is the proof) and the proof's records, in one transaction:
 * all of it is recorded, or none.
 */
export class CollectionService {
  readonly #ctx: WorkflowContext;
  readonly #directory: DirectoryRepository;
  readonly #collections: CollectionRepository;
  readonly #receipts: CollectionReceipts | null;
  readonly #printReceipt: ((receipt: PrintedReceipt) => void) | null;
  readonly #report: (message: string) => void;

  /**
   * `receipts`: the e-mailed receipt (a station with notices); `printReceipt`: the label printer's,
   * after the hand-over commits (a station with a print queue); `report`: where a receipt that could
   * not be queued or printed is said.
   */
  constructor(ctx: WorkflowContext, ports: { receipts?: CollectionReceipts | null; printReceipt?: ((receipt: PrintedReceipt) => void) | null; report?: (message: string) => void } = {}) {
    this.#ctx = ctx;
    this.#receipts = ports.receipts ?? null;
    this.#printReceipt = ports.printReceipt ?? null;
    this.#report = ports.report ?? (() => undefined);
    this.#directory = new DirectoryRepository(ctx.store.db);
    this.#collections = ctx.records.collections;
  }

  policy(): CollectionPolicy {
    return this.#ctx.settings.read().collection;
  }

  #person(key: string): DirectoryPerson {
    const person = this.#directory.byKey(key);
    if (!person) throw new StationFailure('NOT_FOUND', 'That person is not in the directory. Search again by name or scan their badge.');
    return person;
  }

  waiting({ personKey, badge }: CommandArgs<'collection.waiting'>): CommandResponse<'collection.waiting'> {
    if ((personKey === undefined) === (badge === undefined)) throw new StationFailure('INVALID_ARGUMENTS', 'Find the recipient by name (personKey) or by the badge scanned: one of them.');
    const person = badge !== undefined ? this.#directory.byBadge(badge) : this.#person(personKey!);
    if (!person) throw new StationFailure('NOT_FOUND', 'No one in the directory has this badge. Search by name instead.');
    const items = this.#collections
      .waitingFor(person.key)
      .map((id) => this.#ctx.store.items.byCustodyId(id))
      .filter((item): item is Item => item !== null && item !== undefined)
      .map(({ custodyId, trackingNumber, carrier, itemType, receivedAt, updatedAt, mode }) => ({ custodyId, trackingNumber, carrier, itemType, receivedAt, updatedAt, mode }));
    const people = (keys: string[]) => keys.map((key) => this.#directory.byKey(key)).filter((p): p is DirectoryPerson => p !== null && p.active).map(match);
    return {
      person: match(person),
      items,
      proxies: people(this.#directory.proxiesOf(person.key)),
      proxyFor: people(this.#collections.standingProxyOf(person.key)),
      departmentContacts: person.department ? this.#directory.departmentContacts(person.department).map((c) => ({ name: c.name, email: c.email })) : [],
      policy: this.policy(),
    };
  }

  /** Who collects and on whose word, as the record keeps it; refused when the policy asks for an authorisation that is not there. */
  #collector(recipient: DirectoryPerson, collector: CommandArgs<'collection.handOver'>['collector'], policy: CollectionPolicy): Omit<CollectionProof, 'kind' | 'collectionId' | 'idNumberHmac' | 'signatureSha256' | 'photoSha256'> {
    const base = { recipientKey: recipient.key, recipientName: recipient.name };
    if (collector.kind === 'recipient') return { ...base, collector: 'recipient', proxyKey: null, proxyName: null, authority: null, authorisedBy: null };
    if ((collector.proxyKey === undefined) === (collector.proxyName === undefined)) {
      throw new StationFailure('INVALID_ARGUMENTS', 'Say who collects for the recipient: a person from the directory (proxyKey) or their name typed (proxyName), one of them.');
    }
    const proxy = collector.proxyKey !== undefined ? this.#person(collector.proxyKey) : null;
    if (proxy?.key === recipient.key) throw new StationFailure('INVALID_ARGUMENTS', 'The recipient collects their own items: choose "the recipient", not a proxy.');
    const proxyName = proxy ? proxy.name : collector.proxyName!;
    const authority = collector.authority;
    let authorisedBy: string | null = null;
    if (authority?.kind === 'standingProxy') {
      if (!proxy || !this.#directory.proxiesOf(recipient.key).includes(proxy.key)) {
        throw new StationFailure('FORBIDDEN', `${proxyName} is not a standing proxy of ${recipient.name} in the directory: ask the department contact to authorise the collection.`);
      }
      authorisedBy = recipient.key;
    } else if (authority?.kind === 'departmentContact') {
      const email = authority.contactEmail.toLowerCase();
      const contact = recipient.department ? this.#directory.departmentContacts(recipient.department).find((c) => c.email.toLowerCase() === email) : undefined;
      if (!contact) throw new StationFailure('FORBIDDEN', `That address is not a key contact of ${recipient.name}'s department in the directory: choose one of the department's contacts.`);
      authorisedBy = contact.email;
    } else if (policy.proxyAuthorisation === 'required') {
      throw new StationFailure('FORBIDDEN', `This site's policy lets a proxy collect only with ${recipient.name}'s authorisation: a standing proxy in the directory, or a department contact's.`);
    }
    return { ...base, collector: 'proxy', proxyKey: proxy?.key ?? null, proxyName, authority: authority?.kind ?? null, authorisedBy };
  }

  handOver(args: CommandArgs<'collection.handOver'>, operator: Operator): CommandResponse<'collection.handOver'> {
    const { personKey, custodyIds, collector, idNumber, signature, photoJpegBase64 } = args;
    if (new Set(custodyIds).size !== custodyIds.length) throw new StationFailure('INVALID_ARGUMENTS', 'An item is listed twice: choose each item once.');
    const policy = this.policy();
    checkProof(policy, { signature: signature !== undefined, photo: photoJpegBase64 !== undefined, idDocument: idNumber !== undefined });
    // Checked and fingerprinted before the transaction: a photo that is not one is refused with nothing written.
    const photo = photoJpegBase64 !== undefined ? photoBytes(photoJpegBase64) : null;
    const signed: SignatureRecord | null = signature ? signatureRecord(signature) : null;
    const ctx = this.#ctx;
    const collectionId = randomUUID();
    // The chain gets the number's hash under this hand-over's salt; the number and the salt stay in its rows, which retention may clear.
    const idNumberSalt = idNumber !== undefined ? newIdNumberSalt() : null;
    const at = ctx.nowIso();
    const happened: DomainEvent[] = [];
    const handedOver: Item[] = [];
    let recorded: CollectionProof | null = null;
    ctx.store.transaction(() => {
      const recipient = this.#person(personKey);
      const proof: CollectionProof = {
        kind: 'collection',
        collectionId,
        ...this.#collector(recipient, collector, policy),
        idNumberHmac: idNumber !== undefined && idNumberSalt !== null ? idNumberHmac(idNumberSalt, idNumber) : null,
        signatureSha256: signed?.sha256 ?? null,
        photoSha256: photo?.sha256 ?? null,
      };
      if (signed) this.#collections.putSignature(signed);
      if (photo) this.#collections.putPhoto(photo.sha256, photo.bytes);
      for (const custodyId of custodyIds) {
        const item = ctx.item(custodyId);
        const chosen = ctx.records.item_recipients.latest(custodyId);
        if (chosen?.personKey !== recipient.key) {
          throw new StationFailure('FORBIDDEN', `Item ${custodyId} is not waiting for ${recipient.name}: it is handed over only to its own recipient or their proxy. Nothing was handed over.`);
        }
        if (item.state !== 'CLEARED') {
          throw new StationFailure('INVALID_STATE', `Item ${custodyId} is ${item.state.toLowerCase().replace('_', ' ')}, not cleared and waiting: it cannot be handed over. Nothing was handed over.`);
        }
        const next = ctx.decideOrRefuse(item, { kind: 'deliver' });
        const disposition = { outcome: 'delivered', receivedBy: proof, confirmedBy: operator.id, at };
        ctx.store.items.setDisposition(custodyId, disposition);
        ctx.store.items.setState(custodyId, next, at);
        ctx.store.audit.append({
          actor: ctx.actor(operator),
          kind: 'item.delivered',
          subjectType: 'item',
          subjectId: custodyId,
          mode: item.mode,
          payload: { ...disposition, from: item.state, to: next },
        });
        this.#collections.add({ ...proof, custodyId, operatorId: operator.id, at, idNumber: idNumber ?? null, idNumberSalt });
        const event: DomainEvent = { kind: 'item.delivered', custodyId, mode: item.mode, operator };
        ctx.domainEvents.recording(event);
        happened.push(event);
        handedOver.push(item);
      }
      recorded = proof;
      const receipts = this.#receipts;
      if (receipts) {
        // In a savepoint of its own: a receipt that cannot be queued is reported, and never undoes the hand-over.
        try {
          ctx.store.transaction(() => receipts.queue({ proof, idNumber: idNumber ?? null, items: handedOver, at, mode: handedOver[0]!.mode, signatureSvg: signed?.svg ?? null }));
        } catch (error) {
          this.#report(`the receipt of collection ${collectionId} was not queued: ${(error as Error).message}`);
        }
      }
    });
    for (const custodyId of custodyIds) ctx.announce(custodyId);
    for (const event of happened) ctx.domainEvents.emit(event);
    if (this.#printReceipt && recorded) {
      try {
        this.#printReceipt({ proof: recorded, items: handedOver, at, signature: signed, operator });
      } catch (error) {
        this.#report(`the receipt of collection ${collectionId} was not printed: ${(error as Error).message}`);
      }
    }
    return { collectionId, delivered: custodyIds, signatureSha256: signed?.sha256 ?? null, photoSha256: photo?.sha256 ?? null };
  }

  /**
   * Whether the ID document in hand is the one recorded at the item's hand-over: its number checked
   * against the hash in the item.delivered event, under the salt the hand-over's row keeps (a
   * hand-over of before recorded the number itself). Once the recipients retention has removed the
   * salt nobody can check it: that is what the purge is for. Each check is an access to the
   * recipient's personal data: recorded on the item (collection.idNumberChecked: who, which
   * hand-over, whether it matched; never the number typed).
   */
  checkIdNumber({ custodyId, idNumber }: CommandArgs<'collection.checkIdNumber'>, operator: Operator): CommandResponse<'collection.checkIdNumber'> {
    const item = this.#ctx.item(custodyId);
    const { matches } = this.#idNumberMatches(custodyId, idNumber);
    const collectionId = this.#collections.forItem(custodyId)?.collectionId ?? null;
    this.#ctx.store.transaction(() =>
      this.#ctx.store.audit.append({ actor: this.#ctx.actor(operator), kind: 'collection.idNumberChecked', subjectType: 'item', subjectId: custodyId, mode: item.mode, payload: { collectionId, matches } }),
    );
    return { matches };
  }

  #idNumberMatches(custodyId: string, idNumber: string): { matches: boolean } {
    const delivered = this.#ctx.store.audit.eventsFor('item', custodyId).filter((event) => event.kind === 'item.delivered').at(-1);
    const proof = (delivered?.payload as { receivedBy?: Record<string, unknown> } | undefined)?.receivedBy;
    if (!proof || proof.kind !== 'collection') throw new StationFailure('NOT_FOUND', `Item ${custodyId} was not handed over at the collection counter: there is no ID number to check.`);
    if (typeof proof.idNumber === 'string') return { matches: idNumberPlain(proof.idNumber) === idNumberPlain(idNumber) };
    if (typeof proof.idNumberHmac !== 'string') throw new StationFailure('NOT_FOUND', `No ID document number was recorded when item ${custodyId} was handed over.`);
    const salt = this.#collections.forItem(custodyId)?.idNumberSalt ?? null;
    if (salt === null) {
      throw new StationFailure('INVALID_STATE', `The ID number of item ${custodyId}'s hand-over was removed under the recipients retention: it can no longer be checked.`);
    }
    return { matches: idNumberHmac(salt, idNumber) === proof.idNumberHmac };
  }

  signature({ sha256 }: CommandArgs<'collection.signature'>): CommandResponse<'collection.signature'> {
    const stored = this.#collections.signature(sha256);
    if (!stored) throw new StationFailure('NOT_FOUND', 'No signature with this fingerprint is recorded here.');
    return { svg: stored.svg, sha256: stored.sha256 };
  }
}

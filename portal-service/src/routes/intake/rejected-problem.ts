import type { ProblemDetails, Rejection } from '@palisade/protocol';
import { ProblemError } from '../../http/problem';

/** The 422 problem body of a final refusal: the usual members plus the signed rejection (RFC 9457 extension member). */
export type RejectedProblemDetails = ProblemDetails & { rejection: Rejection };

/**
 * A 422 whose reason is final and which carries the portal's signed rejection,
 * the one answer besides a receipt that lets the CMS delete its outbox row. The
 * error handler spreads toProblem() into the body, so the member reaches the CMS.
 */
export class RejectedProblem extends ProblemError {
  constructor(
    detail: string,
    readonly rejection: Rejection,
  ) {
    super('unprocessable', detail, rejection.reason);
  }

  override toProblem(): RejectedProblemDetails {
    return { ...super.toProblem(), rejection: this.rejection };
  }
}

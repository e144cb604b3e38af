import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RunCaseCommand, SetHomeCareCommand, type CommandMeta } from '@iln/case-coordination';
import { CaseCommand, Meta, produced, reply, uuidParam } from './command-http';
import { AddNoteDto, DischargeDto, HomeCareDto, HospitalAdmissionDto, RecordConsentDto } from './dto/records.dto';
import { CommandResponse, DischargeResponse, NoteResponse } from './dto/responses.dto';

/** Consent, notes, hospital admissions and discharges, home-care hours. */
@ApiTags('cases: records')
@Controller('api/cases/:id')
export class CaseRecordsController {
  constructor(private readonly bus: CommandBus) {}

  @Post('consent')
  @CaseCommand({ summary: 'Record a consent decision for each listed organisation (the others keep theirs)', command: 'RecordConsent', response: CommandResponse })
  async consent(@Param('id', uuidParam('id')) id: string, @Body() body: RecordConsentDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'RecordConsent', data: body }, meta)));
  }

  @Post('notes')
  @CaseCommand({ summary: 'Add a case note (allowed on a closed case)', command: 'AddNote', created: true, response: NoteResponse })
  async note(@Param('id', uuidParam('id')) id: string, @Body() body: AddNoteDto, @Meta() meta: CommandMeta) {
    const result = await this.bus.execute(new RunCaseCommand(id, { type: 'AddNote', data: body }, meta));
    const { noteId } = produced(result, 'NoteAdded');
    return reply(result, { noteId }, `/api/cases/${id}/notes/${noteId}`);
  }

  @Post('hospital-admissions')
  @CaseCommand({ summary: 'Record a hospital admission (flagged to the coordinator and Wellbeing Team)', command: 'RecordHospitalAdmission', response: CommandResponse, conflicts: ['already-admitted'] })
  async admission(@Param('id', uuidParam('id')) id: string, @Body() body: HospitalAdmissionDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'RecordHospitalAdmission', data: body }, meta)));
  }

  @Post('discharges')
  @CaseCommand({
    summary: 'Record a discharge (schedules the welfare check, and the 91-day check on pathway 1)',
    command: 'RecordDischarge',
    created: true,
    response: DischargeResponse,
    conflicts: ['not-admitted', 'discharge-before-admission'],
  })
  async discharge(@Param('id', uuidParam('id')) id: string, @Body() body: DischargeDto, @Meta() meta: CommandMeta) {
    const result = await this.bus.execute(new RunCaseCommand(id, { type: 'RecordDischarge', data: body }, meta));
    const { dischargeId } = produced(result, 'DischargeRecorded');
    return reply(result, { dischargeId }, `/api/cases/${id}/discharges/${dischargeId}`);
  }

  @Post('home-care')
  @CaseCommand({ summary: "Set a Wellbeing Team's hours per week for the resident (0 ends it)", command: 'SetHomeCare', response: CommandResponse, conflicts: ['invalid-home-care-hours', 'team-over-capacity'] })
  async homeCare(@Param('id', uuidParam('id')) id: string, @Body() body: HomeCareDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new SetHomeCareCommand(id, body, meta)));
  }
}
